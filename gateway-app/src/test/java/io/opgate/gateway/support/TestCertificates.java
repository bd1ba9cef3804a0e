package io.opgate.gateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test and a server certificate it signed for {@code 127.0.0.1} and
 * {@code localhost}, as PEM files in {@code dir}, made with {@code openssl} (a missing binary fails the test with its
 * install command).
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

    static final String INSTALL = "apt-get install -y openssl";

    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path caKey = dir.resolve("ca.key");
            Path ca = dir.resolve("ca.crt");
            Path key = dir.resolve("server.key");
            Path request = dir.resolve("server.csr");
            Path certificate = dir.resolve("server.crt");
            Path extensions = dir.resolve("server.ext");
            Files.writeString(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(
                    dir,
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    caKey.toString(),
                    "-out",
                    ca.toString(),
                    "-subj",
                    "/CN=opgate test CA",
                    "-days",
                    "2");
            openssl(
                    dir,
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    key.toString(),
                    "-out",
                    request.toString(),
                    "-subj",
                    "/CN=localhost");
            openssl(
                    dir,
                    "x509",
                    "-req",
                    "-in",
                    request.toString(),
                    "-CA",
                    ca.toString(),
                    "-CAkey",
                    caKey.toString(),
                    "-CAcreateserial",
                    "-out",
                    certificate.toString(),
                    "-days",
                    "2",
                    "-extfile",
                    extensions.toString());
            return new TestCertificates(ca, certificate, key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "openssl is not installed (needed to make the TLS tests' certificates): run `" + INSTALL + "`", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
