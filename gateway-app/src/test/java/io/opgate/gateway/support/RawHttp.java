package io.opgate.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP/1.1 requests with exactly the headers a test gives, and nothing else added (the JDK client): for comparing
 * answers header by header.
 */
public final class RawHttp {

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    public HttpRequest request(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return request.GET().build();
    }

    public <T> HttpResponse<T> get(String pathAndQuery, Map<String, String> headers, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return client.send(request(pathAndQuery, headers), body);
    }

    public HttpClient client() {
        return client;
    }
}
