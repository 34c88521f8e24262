package io.qiaoqiao.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls a test gateway's HTTP API with (or without) a bearer token. */
public final class ApiClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final String token;

    public ApiClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** The same gateway with another token (null: none). */
    public ApiClient as(String otherToken) {
        return new ApiClient(port, otherToken);
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    public HttpResponse<String> post(String path, String body) {
        return send("POST", path, body);
    }

    public HttpResponse<String> patch(String path, String body) {
        return send("PATCH", path, body);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    /** The body of a response as JSON. */
    public static JsonObject json(HttpResponse<String> response) {
        return new JsonObject(response.body());
    }

    public HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
