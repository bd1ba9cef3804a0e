// Not compiled by the build: see README.md beside it.
package plainapp;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@SpringBootApplication
@RestController
public class PlainApp {
    static final String BODY = "{\"id\":\"x\",\"padding\":\"" + "a".repeat(Integer.getInteger("body", 900)) + "\"}";

    public static void main(String[] args) {
        SpringApplication.run(PlainApp.class, args);
    }

    @GetMapping(path = "/v1/operations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> one(@PathVariable String id) {
        return Mono.just(BODY);
    }
}
