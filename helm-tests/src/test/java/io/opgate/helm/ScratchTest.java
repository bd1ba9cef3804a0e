package io.opgate.helm;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void print() {
        for (String f : System.getProperty("scratch").split(";")) {
            Chart c = Chart.defaults();
            for (String part : f.split(",")) {
                if (part.isBlank()) continue;
                if (part.contains("="))
                    c.set(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
                else
                    c.file(
                            part.startsWith("/")
                                    ? java.nio.file.Path.of(part)
                                    : java.nio.file.Path.of("src/test/resources/" + part));
            }
            try {
                System.out.println("=== " + f + "\n" + c.template());
            } catch (Exception e) {
                System.out.println("=== " + f + " FAILED: " + e.getMessage());
            }
        }
    }
}
