package io.opgate.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OpgateApplication {

    static {
        ReactorNettyWorkarounds.apply();
    }

    public static void main(String[] args) {
        SpringApplication.run(OpgateApplication.class, args);
    }
}
