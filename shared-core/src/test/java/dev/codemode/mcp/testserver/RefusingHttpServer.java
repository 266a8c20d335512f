package dev.codemode.mcp.testserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP endpoint that refuses every request ({@code 401 Unauthorized} unless told otherwise), and
 * talks too much while doing it: the body and the {@code WWW-Authenticate} header repeat a secret of its
 * own (as an API that quotes the rejected key would) together with the request line and the
 * {@code Authorization} header it received. Plain JDK {@code HttpServer} on 127.0.0.1.
 */
public final class RefusingHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private RefusingHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port; every answer is a 401 that names {@code secret}. */
    public static RefusingHttpServer start(String secret) throws IOException {
        return start(secret, 401);
    }

    /** Starts on a free port; every answer has {@code status} and names {@code secret}. */
    public static RefusingHttpServer start(String secret, int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RefusingHttpServer self = new RefusingHttpServer(server);
        server.createContext("/", exchange -> self.refuse(exchange, secret, status));
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "unauthorized-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return self;
    }

    private void refuse(HttpExchange exchange, String secret, int status) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        String told = "invalid api key " + secret + " for " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                + " with Authorization: " + exchange.getRequestHeaders().getFirst("Authorization");
        byte[] body = ("{\"error\": \"unauthorized\", \"detail\": \"" + told.replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"mcp\", error=\"invalid_token\","
                + " error_description=\"" + told.replace("\"", "'") + "\"");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests refused so far: a test can tell that the client did reach this server. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
