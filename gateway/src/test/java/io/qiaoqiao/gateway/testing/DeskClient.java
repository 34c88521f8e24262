package io.qiaoqiao.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * A browser at the desk, as far as the API sees one: it signs in with a name and a password,
 * keeps the session cookie the gateway set, and sends the session's CSRF token with every change
 * (unless told not to) — written from the cookie and header rules, not from the gateway's code.
 */
public final class DeskClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private String cookie;
    private String csrf;

    public DeskClient(int port) {
        this.port = port;
    }

    /** Signs in; returns the answer (201 with the session, or a problem). */
    public HttpResponse<String> signIn(String name, String password) {
        HttpResponse<String> answer = send("POST", "/api/session", new JsonObject().put("name", name).put("password", password).encode(),
                false);
        if (answer.statusCode() == 201) {
            cookie = sessionCookie(answer).orElseThrow(() -> new AssertionError("no session cookie in " + answer.headers()));
            csrf = new JsonObject(answer.body()).getString("csrfToken");
        }
        return answer;
    }

    /** The {@code Set-Cookie} header that carries the session, whole (with its attributes). */
    public static Optional<String> setCookie(HttpResponse<?> answer) {
        return answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("qiaoqiao_session=")).findFirst();
    }

    private static Optional<String> sessionCookie(HttpResponse<?> answer) {
        return setCookie(answer).map(c -> c.substring("qiaoqiao_session=".length(), c.contains(";") ? c.indexOf(';') : c.length()));
    }

    public String csrfToken() {
        return csrf;
    }

    public String cookie() {
        return cookie;
    }

    /** Replaces the cookie (an old one, a stolen one). */
    public DeskClient withCookie(String value) {
        this.cookie = value;
        return this;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, false);
    }

    public HttpResponse<String> post(String path, String body) {
        return send("POST", path, body, true);
    }

    public HttpResponse<String> patch(String path, String body) {
        return send("PATCH", path, body, true);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, true);
    }

    /** A change sent the way a forged form on another site would: the cookie, but no CSRF header. */
    public HttpResponse<String> postWithoutCsrf(String path, String body) {
        return send("POST", path, body, false);
    }

    public HttpResponse<String> send(String method, String path, String body, boolean withCsrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            request.header("Cookie", "qiaoqiao_session=" + cookie);
        }
        if (withCsrf && csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
