package dev.codemode.catalog;

import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportSessionClosedException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * What a failed source says about its failure, in one place for every {@link ToolSource}: a short
 * cause for everyone who sees it (the model, a CLI's output, the audit log), and a redacted detail for
 * the application log.
 *
 * <p>Exception texts of transports carry what must not reach the model: a URL with its user info and
 * API key, a command line with a token, an HTTP response body, the lines a server wrote to stderr. So
 * a failure is shown by its <b>cause class</b>, found from the exception types in its chain and never
 * copied from their messages:
 *
 * <table>
 *   <caption>cause classes, in the order they are looked for along the whole cause chain</caption>
 *   <tr><th>found in the chain</th><th>cause</th></tr>
 *   <tr><td>an MCP JSON-RPC error (the server answered)</td><td>{@code error from the server: <its message>}</td></tr>
 *   <tr><td>HTTP 401 or 403 from the MCP SDK, or a message naming a status code ({@code status code: 503})</td>
 *       <td>{@code HTTP 503}</td></tr>
 *   <tr><td>{@code TimeoutException}, {@code HttpTimeoutException}, {@code SocketTimeoutException}</td><td>{@code timed out}</td></tr>
 *   <tr><td>{@code UnknownHostException}, {@code UnresolvedAddressException}</td><td>{@code unknown host}</td></tr>
 *   <tr><td>{@code ConnectException}</td><td>{@code connection refused}</td></tr>
 *   <tr><td>{@code NoRouteToHostException}</td><td>{@code no route to host}</td></tr>
 *   <tr><td>{@code SSLException}</td><td>{@code TLS failed}</td></tr>
 *   <tr><td>the MCP session closed or expired, a closed channel</td><td>{@code not connected}</td></tr>
 *   <tr><td>{@code EOFException}, another {@code IOException}</td><td>{@code connection closed}, {@code I/O error}</td></tr>
 *   <tr><td>anything else</td><td>{@code unexpected error (see the application log)}</td></tr>
 * </table>
 *
 * <p>{@link #reason} adds one rule in front: a {@link ToolCallException} in the chain is a message a
 * source wrote for the model (its contract), and is shown, redacted as a precaution. Sources build such
 * messages with {@link #cause} ({@code "crm.lookup failed: " + Failures.cause(e)}) and log the rest
 * with {@link #detail}.
 */
public final class Failures {

    /** What an unrecognised failure is called. */
    public static final String UNEXPECTED = "unexpected error (see the application log)";

    private static final int MAX_SERVER_TEXT = 200;
    private static final String HIDDEN = "***";

    private static final Pattern STATUS = Pattern.compile("(?i)\\bstatus(?:[ _-]?code)?\\s*[:=]?\\s*([1-5]\\d\\d)\\b");

    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@?#]+@");
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&;][^=&\\s#\"'<>?]+=)[^&\\s#\"'<>]*");
    private static final Pattern HEADER = Pattern.compile(
            "(?i)\\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|x-auth-token)"
                    + "([\"']?\\s*[:=]\\s*[\"']?)[^\"'\\r\\n,;}\\]]+");
    /** An HTTP response body quoted in a message ({@code response body: ...}, {@code data=...}): to its end. */
    private static final Pattern BODY = Pattern.compile("(?is)\\b(response body|body|data)(\\s*[:=]\\s*).+");
    private static final Pattern SCHEME_TOKEN = Pattern.compile("(?i)\\b(bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]{4,}");
    private static final String SECRET_WORD = "(?:token|key|secret|passw(?:or)?d|pwd|auth|credential|cred)";
    private static final Pattern SECRET_FLAG = Pattern.compile(
            "(?i)(--?[a-z0-9_.-]*" + SECRET_WORD + "[a-z0-9_.-]*)(=|\\s+)(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)\\b([a-z0-9_]*" + SECRET_WORD + "[a-z0-9_]*)=(\"[^\"]*\"|'[^']*'|[^\\s&;,]+)");
    /** An argument that names a secret and carries it after {@code =}, e.g. {@code --api-key=...}. */
    private static final Pattern SECRET_ARG = Pattern.compile("(?i)^--?[a-z0-9_.-]*" + SECRET_WORD + "[a-z0-9_.-]*=(.+)$");
    /** An argument that names a secret and is followed by it, e.g. {@code --token ...}. */
    private static final Pattern SECRET_FLAG_ALONE = Pattern.compile("(?i)^--?[a-z0-9_.-]*" + SECRET_WORD + "[a-z0-9_.-]*$");

    private Failures() {
    }

    /** The short cause class of {@code error} (see the class comment); never text copied from a message. */
    public static String cause(Throwable error) {
        List<Throwable> chain = chain(error);
        for (Throwable t : chain) {
            if (t instanceof McpError mcpError) {
                return "error from the server: " + serverText(mcpError);
            }
        }
        Integer status = status(chain);
        if (status != null) {
            return "HTTP " + status;
        }
        if (has(chain, TimeoutException.class, HttpTimeoutException.class, SocketTimeoutException.class)) {
            return "timed out";
        }
        if (has(chain, UnknownHostException.class, UnresolvedAddressException.class)) {
            return "unknown host";
        }
        if (has(chain, ConnectException.class)) {
            return "connection refused";
        }
        if (has(chain, NoRouteToHostException.class)) {
            return "no route to host";
        }
        if (has(chain, SSLException.class)) {
            return "TLS failed";
        }
        if (has(chain, McpTransportSessionClosedException.class, McpTransportSessionNotFoundException.class,
                ClosedChannelException.class)) {
            return "not connected";
        }
        if (has(chain, EOFException.class)) {
            return "connection closed";
        }
        if (has(chain, IOException.class)) {
            return "I/O error";
        }
        if (has(chain, OutOfMemoryError.class)) {
            return "out of memory";
        }
        return UNEXPECTED;
    }

    /**
     * What an in-process tool's exception says, for tools that are the host's own code (a function, an
     * annotated method): its own message, one line of at most 300 characters, since such a tool writes
     * it for its caller. A programming error (a JVM error, a null, a bad cast or index, arithmetic, an
     * unsupported operation) names the host's code instead, so it says only that the tool failed.
     */
    public static String ownMessage(Throwable error) {
        List<Throwable> chain = chain(error);
        Throwable root = chain.get(chain.size() - 1);
        if (root instanceof OutOfMemoryError) {
            return "out of memory";
        }
        if (root instanceof Error || root instanceof NullPointerException || root instanceof ClassCastException
                || root instanceof IndexOutOfBoundsException || root instanceof ArithmeticException
                || root instanceof UnsupportedOperationException) {
            return "an internal error in the tool";
        }
        String message = root.getMessage() == null || root.getMessage().isBlank() ? error.getMessage()
                : root.getMessage();
        return message == null || message.isBlank() ? "an error without a message" : oneLine(message, 300);
    }

    /**
     * What to show for {@code error}: the message of the first {@link ToolCallException} in its chain
     * (written for the model by a source), redacted; otherwise its {@link #cause}.
     */
    public static String reason(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof ToolCallException && t.getMessage() != null && !t.getMessage().isBlank()) {
                return oneLine(redact(t.getMessage(), Set.of()), 300);
            }
        }
        return cause(error);
    }

    /**
     * The whole chain of {@code error} for the application log, one line, redacted: each exception's
     * type and message, outermost first. No stack trace: its messages would need redacting too.
     */
    public static String detail(Throwable error, Collection<String> secrets) {
        List<String> parts = new ArrayList<>();
        for (Throwable t : chain(error)) {
            String message = t.getMessage();
            parts.add(t.getClass().getName() + (message == null ? "" : ": " + redact(message, secrets)));
        }
        return oneLine(String.join(" <- ", parts), 4000);
    }

    /**
     * {@code text} with secrets replaced by {@code ***}: each of {@code secrets} (as written and
     * URL-encoded), URL user info, query values, authorization headers and bearer tokens, a quoted HTTP
     * response body (to the end of the text: a server may quote the key it refused), and flags and
     * assignments whose name says token, key, secret, password, auth or credential.
     */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (secrets != null) {
            List<String> known = secrets.stream().filter(s -> s != null && s.strip().length() >= 3)
                    .sorted(Comparator.comparingInt(String::length).reversed()).toList();
            for (String secret : known) {
                out = out.replace(secret, HIDDEN);
                String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
                if (!encoded.equals(secret)) {
                    out = out.replace(encoded, HIDDEN);
                }
            }
        }
        out = USER_INFO.matcher(out).replaceAll("$1" + HIDDEN + "@");
        out = QUERY_VALUE.matcher(out).replaceAll("$1" + HIDDEN);
        out = HEADER.matcher(out).replaceAll("$1$2" + HIDDEN);
        out = BODY.matcher(out).replaceAll("$1$2" + HIDDEN);
        out = SCHEME_TOKEN.matcher(out).replaceAll("$1 " + HIDDEN);
        out = SECRET_FLAG.matcher(out).replaceAll("$1$2" + HIDDEN);
        out = SECRET_ASSIGNMENT.matcher(out).replaceAll("$1=" + HIDDEN);
        return out;
    }

    /**
     * The values a stdio server's configuration holds that must never be shown: every environment
     * value, and the arguments that carry a secret ({@code --token=x}, {@code --api-key x}, or any argument
     * naming token, key, secret, password, auth or credential with a value after {@code =}).
     */
    public static Set<String> secretsOf(List<String> args, Map<String, String> env) {
        Set<String> secrets = new java.util.LinkedHashSet<>();
        if (env != null) {
            env.values().stream().filter(v -> v != null && !v.isBlank()).forEach(secrets::add);
        }
        if (args != null) {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg == null) {
                    continue;
                }
                Matcher withValue = SECRET_ARG.matcher(arg);
                if (withValue.matches()) {
                    secrets.add(withValue.group(1));
                } else if (SECRET_FLAG_ALONE.matcher(arg).matches() && i + 1 < args.size() && args.get(i + 1) != null) {
                    secrets.add(args.get(i + 1));
                } else {
                    Matcher assignment = SECRET_ASSIGNMENT.matcher(arg);
                    while (assignment.find()) {
                        secrets.add(assignment.group(2));
                    }
                }
            }
        }
        return secrets;
    }

    /** The user info and the query values of a URL: what its text must never show. */
    public static Set<String> secretsOf(String url) {
        Set<String> secrets = new java.util.LinkedHashSet<>();
        if (url == null) {
            return secrets;
        }
        try {
            java.net.URI uri = new java.net.URI(url.strip());
            if (uri.getRawUserInfo() != null) {
                secrets.add(uri.getRawUserInfo());
                if (uri.getUserInfo() != null) {
                    secrets.add(uri.getUserInfo());
                    int colon = uri.getUserInfo().indexOf(':');
                    if (colon >= 0 && colon + 1 < uri.getUserInfo().length()) {
                        secrets.add(uri.getUserInfo().substring(colon + 1));
                    }
                }
            }
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("[&;]")) {
                    int eq = pair.indexOf('=');
                    if (eq >= 0 && eq + 1 < pair.length()) {
                        String raw = pair.substring(eq + 1);
                        secrets.add(raw);
                        secrets.add(java.net.URLDecoder.decode(raw, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            // not a URL: the patterns of redact still apply
        }
        return secrets;
    }

    private static Integer status(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof McpHttpClientTransportAuthorizationException auth && auth.getResponseInfo() != null) {
                return auth.getResponseInfo().statusCode();
            }
        }
        for (Throwable t : chain) {
            if (t.getMessage() != null) {
                Matcher m = STATUS.matcher(t.getMessage());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        return null;
    }

    /** The server's own words in a JSON-RPC error: one line, capped. */
    private static String serverText(McpError error) {
        McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
        String message = rpc != null && rpc.message() != null ? rpc.message() : error.getMessage();
        return oneLine(message == null ? "" : message, MAX_SERVER_TEXT);
    }

    @SafeVarargs
    private static boolean has(List<Throwable> chain, Class<? extends Throwable>... types) {
        for (Throwable t : chain) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The error and its causes, outermost first, each once (a cause cycle ends the walk). */
    private static List<Throwable> chain(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String oneLine(String text, int max) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
