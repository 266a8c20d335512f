package dev.codemode.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpTransport;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Sends the messages of one stdio connection one at a time.
 *
 * <p>Why: the MCP Java SDK's stdio transports (2.1.0, client and server alike) hand every outgoing
 * message to a Reactor unicast sink from whichever thread sends it. The sink accepts one emitter at a
 * time; the others spin ({@code emitNext} with {@code busyLooping(100 ms)}) and give up with "Failed to
 * enqueue message" when the spinning lasts longer. With more senders than cores the spinners starve
 * the thread that holds the sink, and they do give up: on the client that call fails; on the server
 * the failed reply ends the session's inbound stream, so the server stops answering altogether and
 * every call from then on is lost (measured: 64 callers on one connection, 2 cores, the first lost
 * reply after about a hundred calls). Taking a lock around the SDK's own {@code sendMessage} leaves
 * the sink one emitter, and waiting threads park instead of spinning. Everything else is delegated.
 * See docs/security.md ("Busy stdio connections").
 */
final class OneWriterAtATime {

    private OneWriterAtATime() {
    }

    /** The client transport with its sends serialised. */
    static McpClientTransport client(McpClientTransport transport) {
        return new Client(transport);
    }

    /** The server transport provider whose session transport has its sends serialised. */
    static McpServerTransportProvider server(McpServerTransportProvider provider) {
        return new ServerProvider(provider, () -> {
        });
    }

    /** As {@link #server(McpServerTransportProvider)}; {@code onClose} runs when a session's transport is closed. */
    static McpServerTransportProvider server(McpServerTransportProvider provider, Runnable onClose) {
        return new ServerProvider(provider, onClose);
    }

    /**
     * Subscribes to {@code send} while holding {@code lock}. The SDK's stdio transports emit into
     * their sink during the call or the subscription, so the lock covers the emission.
     */
    private static Mono<Void> send(Object lock, Function<McpSchema.JSONRPCMessage, Mono<Void>> send,
            McpSchema.JSONRPCMessage message) {
        return Mono.create(sink -> {
            synchronized (lock) {
                send.apply(message).contextWrite(sink.contextView()).subscribe(v -> {
                }, sink::error, sink::success);
            }
        });
    }

    /** A transport whose sends take one lock; everything else is the delegate's. */
    private abstract static class Serialised<T extends McpTransport> implements McpTransport {
        final T delegate;
        private final Object lock = new Object();

        Serialised(T delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return send(lock, delegate::sendMessage, message);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public <R> R unmarshalFrom(Object data, TypeRef<R> typeRef) {
            return delegate.unmarshalFrom(data, typeRef);
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }

    private static final class Client extends Serialised<McpClientTransport> implements McpClientTransport {

        Client(McpClientTransport delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return delegate.connect(handler);
        }

        @Override
        public void setExceptionHandler(Consumer<Throwable> handler) {
            delegate.setExceptionHandler(handler);
        }
    }

    private static final class ServerProvider implements McpServerTransportProvider {
        private final McpServerTransportProvider delegate;
        private final Runnable onClose;

        ServerProvider(McpServerTransportProvider delegate, Runnable onClose) {
            this.delegate = delegate;
            this.onClose = onClose;
        }

        @Override
        public void setSessionFactory(McpServerSession.Factory factory) {
            delegate.setSessionFactory(transport -> factory.create(new ServerTransport(transport, onClose)));
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return delegate.notifyClients(method, params);
        }

        @Override
        public Mono<Void> notifyClient(String sessionId, String method, Object params) {
            return delegate.notifyClient(sessionId, method, params);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }

    private static final class ServerTransport extends Serialised<McpServerTransport> implements McpServerTransport {
        private final Runnable onClose;

        ServerTransport(McpServerTransport delegate, Runnable onClose) {
            super(delegate);
            this.onClose = onClose;
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully().doFinally(signal -> onClose.run());
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                onClose.run();
            }
        }
    }
}
