package io.opgate.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;

// Boot's Redis module is here for its spring.data.redis.* properties only; the store observes nothing per command.
@SpringBootApplication(exclude = LettuceObservationAutoConfiguration.class)
@ConfigurationPropertiesScan
public class OpgateApplication {

    static {
        ReactorNettyWorkarounds.apply();
    }

    public static void main(String[] args) {
        SpringApplication.run(OpgateApplication.class, args);
    }
}
