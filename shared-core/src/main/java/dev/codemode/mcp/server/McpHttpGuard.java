package dev.codemode.mcp.server;

import dev.codemode.access.BearerTokens;
import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Servlet filter in front of an MCP streamable-HTTP endpoint.
 * <ul>
 *   <li><b>Bearer tokens</b> ({@link #bearer}): a request without exactly one {@code Authorization: Bearer}
 *       header naming a known token gets {@code 401} (JSON body, {@code WWW-Authenticate: Bearer}) before any
 *       MCP processing: no session, no tool list. A token in the query string is never read.</li>
 *   <li><b>The caller</b>: the token's key id is put on the request ({@link #KEY_ID_ATTRIBUTE}); the
 *       transport's context extractor passes it on with {@link #context}.</li>
 *   <li><b>Sessions bound to their key</b>: an {@code Mcp-Session-Id} is remembered with the key that
 *       created it; another key presenting it gets {@code 404}, as for an unknown session.</li>
 *   <li><b>Clean errors</b>: any response with status 400 or more gets a short JSON-RPC error body instead
 *       of what the transport or container wrote (the MCP SDK writes whole exceptions, stack traces
 *       included; the container its banner).</li>
 * </ul>
 */
public final class McpHttpGuard implements Filter {

    /** The request attribute holding the caller's key id (absent for the anonymous caller). */
    public static final String KEY_ID_ATTRIBUTE = "dev.codemode.keyId";

    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String ANONYMOUS = "\u0000anonymous";
    private static final int MAX_SESSIONS = 100_000;

    private final @Nullable BearerTokens tokens;
    private final Map<String, String> keyBySession = new ConcurrentHashMap<>();

    private McpHttpGuard(@Nullable BearerTokens tokens) {
        this.tokens = tokens;
    }

    /** Requires a known bearer token on every request. */
    public static McpHttpGuard bearer(BearerTokens tokens) {
        return new McpHttpGuard(Objects.requireNonNull(tokens, "tokens"));
    }

    /** No tokens: every request is the anonymous caller (error bodies are still cleaned). */
    public static McpHttpGuard open() {
        return new McpHttpGuard(null);
    }

    /** For the transport's context extractor: a context holding the key id the guard put on the request. */
    public static McpTransportContext context(HttpServletRequest request) {
        Object keyId = request.getAttribute(KEY_ID_ATTRIBUTE);
        return McpTransportContext.create(keyId instanceof String s ? Map.of(KEY_ID_ATTRIBUTE, s) : Map.of());
    }

    /** The key id in a context made by {@link #context}, or {@code null} for the anonymous caller. */
    public static @Nullable String keyId(@Nullable McpTransportContext context) {
        if (context == null) {
            return null;
        }
        Object keyId = context.get(KEY_ID_ATTRIBUTE);
        return keyId instanceof String s ? s : null;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String keyId = null;
        if (tokens != null) {
            List<String> headers = Collections.list(request.getHeaders("Authorization"));
            Optional<String> found = headers.size() == 1 ? tokens.keyIdOf(headers.get(0)) : Optional.empty();
            if (found.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer");
                writeError(response, 401, "unauthorized: send one header 'Authorization: Bearer <token>'"
                        + " with a token this server knows");
                return;
            }
            keyId = found.get();
            request.setAttribute(KEY_ID_ATTRIBUTE, keyId);
        } else {
            request.removeAttribute(KEY_ID_ATTRIBUTE);
        }
        String owner = keyId == null ? ANONYMOUS : keyId;
        String session = request.getHeader(SESSION_HEADER);
        if (session != null) {
            String boundTo = keyBySession.get(session);
            if (boundTo != null && !boundTo.equals(owner)) {
                writeError(response, 404, message(404));
                return;
            }
        }
        Guarded guarded = new Guarded(response, owner);
        try {
            chain.doFilter(request, guarded);
        } finally {
            guarded.finish();
        }
        if (session != null && "DELETE".equalsIgnoreCase(request.getMethod()) && guarded.status() < 400) {
            keyBySession.remove(session);
        }
    }

    private void bind(String session, String owner) {
        if (keyBySession.size() >= MAX_SESSIONS) {
            keyBySession.clear();     // a flood of sessions; the SDK keeps its own limits
        }
        keyBySession.putIfAbsent(session, owner);
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "bad request: send one JSON-RPC message as JSON, with the Mcp-Session-Id header that"
                    + " initialize returned";
            case 401 -> "unauthorized";
            case 403 -> "forbidden: this Host or Origin is not allowed";
            case 404 -> "session not found: send initialize to start a new session";
            case 405 -> "method not allowed: use POST, GET or DELETE";
            case 406 -> "not acceptable: accept application/json and text/event-stream";
            case 413 -> "request too large";
            case 415 -> "unsupported media type: send application/json";
            case 503 -> "the server is shutting down";
            default -> status >= 500 ? "internal error" : "request refused";
        };
    }

    private static void writeError(HttpServletResponse response, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] body = errorBody(status, message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    static String errorBody(int status, String message) {
        int code = status >= 500 ? -32603 : -32600;
        return "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
    }

    /** Passes a success through; swallows what is written for a status of 400 or more and writes a clean body instead. */
    private final class Guarded extends HttpServletResponseWrapper {
        private final String owner;
        private int status = 200;
        private boolean failed;
        private @Nullable PrintWriter discardWriter;
        private @Nullable ServletOutputStream discardStream;

        Guarded(HttpServletResponse response, String owner) {
            super(response);
            this.owner = owner;
        }

        int status() {
            return status;
        }

        private void track(int sc) {
            status = sc;
            failed = sc >= 400;
        }

        @Override
        public void setStatus(int sc) {
            track(sc);
            if (!failed) {
                super.setStatus(sc);
            }
        }

        @Override
        public void sendError(int sc, String msg) {
            track(sc);
        }

        @Override
        public void sendError(int sc) {
            track(sc);
        }

        @Override
        public void setHeader(String name, String value) {
            noteSession(name, value);
            if (!failed) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            noteSession(name, value);
            if (!failed) {
                super.addHeader(name, value);
            }
        }

        private void noteSession(String name, @Nullable String value) {
            if (SESSION_HEADER.equalsIgnoreCase(name) && value != null && !failed) {
                bind(value, owner);
            }
        }

        @Override
        public void setContentLength(int len) {
            if (!failed) {
                super.setContentLength(len);
            }
        }

        @Override
        public void setContentLengthLong(long len) {
            if (!failed) {
                super.setContentLengthLong(len);
            }
        }

        @Override
        public void setContentType(String type) {
            if (!failed) {
                super.setContentType(type);
            }
        }

        @Override
        public void setCharacterEncoding(String charset) {
            if (!failed) {
                super.setCharacterEncoding(charset);
            }
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (failed) {
                if (discardWriter == null) {
                    discardWriter = new PrintWriter(Writer.nullWriter());
                }
                return discardWriter;
            }
            return super.getWriter();
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (failed) {
                if (discardStream == null) {
                    discardStream = new Discarding();
                }
                return discardStream;
            }
            return super.getOutputStream();
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!failed) {
                super.flushBuffer();
            }
        }

        void finish() throws IOException {
            if (failed) {
                writeError((HttpServletResponse) getResponse(), status, message(status));
            }
        }
    }

    private static final class Discarding extends ServletOutputStream {
        private final OutputStream sink = OutputStream.nullOutputStream();

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
        }

        @Override
        public void write(int b) throws IOException {
            sink.write(b);
        }
    }
}
