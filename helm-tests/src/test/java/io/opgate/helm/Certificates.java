package io.opgate.helm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A certificate authority and a server certificate it signed for localhost/127.0.0.1, made with openssl. */
record Certificates(Path caCert, Path serverCert, Path serverKey) {

    static Certificates make(Path dir) {
        Certificates c = new Certificates(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
        Path caKey = dir.resolve("ca.key");
        Path csr = dir.resolve("server.csr");
        Path ext = dir.resolve("server.ext");
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=opgate test CA",
                "-keyout",
                caKey.toString(),
                "-out",
                c.caCert.toString());
        run(
                dir,
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                c.serverKey.toString(),
                "-out",
                csr.toString());
        try {
            java.nio.file.Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        run(
                dir,
                "openssl",
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                c.caCert.toString(),
                "-CAkey",
                caKey.toString(),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                ext.toString(),
                "-out",
                c.serverCert.toString());
        return c;
    }

    private static void run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: "
                        + java.nio.file.Files.readString(dir.resolve("openssl.log")));
            }
        } catch (IOException e) {
            throw new AssertionError("openssl is needed to make test certificates: apt-get install -y openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
