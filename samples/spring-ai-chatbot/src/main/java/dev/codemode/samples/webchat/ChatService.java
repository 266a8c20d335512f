package dev.codemode.samples.webchat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.knuddels.jtokkit.api.Encoding;
import dev.codemode.CodeMode;
import dev.codemode.MetaToolSpec;
import dev.codemode.access.CallContext;
import dev.codemode.audit.AuditLog;
import dev.codemode.samples.servers.StandardToolCallingEstimate;
import dev.codemode.spring.CodeModeProperties;
import dev.codemode.spring.CodeModeToolCallbacks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Runs chat turns in the background: a turn can wait minutes on the approvals panel, while the page
 * keeps polling it. The caller's virtual key and the turn id travel to the meta-tools in the tool
 * context. After each answer, the turn gets the estimate of standard tool calling for the tool calls
 * its scripts made ({@link StandardToolCallingEstimate}, one for the page's one conversation).
 */
@Service
class ChatService implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    /** The page holds one conversation. */
    static final String CONVERSATION_ID = "web";

    private final ChatClient chat;
    private final TurnLog turns;
    private final List<String> virtualKeys;
    private final ExecutorService workers;
    private final CodeMode codeMode;
    private final AuditLog auditLog;
    private final TurnToolCalls toolCalls;
    private final StandardToolCallingEstimate standard;

    ChatService(ChatClient chat, TurnLog turns, CodeModeProperties properties, CodeMode codeMode, AuditLog auditLog,
            TurnToolCalls toolCalls, Encoding encoding) {
        this.chat = chat;
        this.turns = turns;
        this.codeMode = codeMode;
        this.auditLog = auditLog;
        this.toolCalls = toolCalls;
        this.standard = new StandardToolCallingEstimate(encoding::countTokens, ChatConfiguration.SYSTEM_PROMPT);
        this.virtualKeys = properties.virtualKeys().keySet().stream().sorted().toList();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "chat-turn-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The configured virtual keys ({@code spring.ai.codemode.virtual-keys}), sorted. */
    List<String> virtualKeys() {
        return virtualKeys;
    }

    /** Starts a turn and returns at once; the turn's view shows its progress. */
    Turn.View send(String message, String virtualKey) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message must not be empty");
        }
        if (!virtualKeys.isEmpty() && !virtualKeys.contains(virtualKey)) {
            throw new IllegalArgumentException("unknown virtual key '" + virtualKey + "'; keys: "
                    + String.join(", ", virtualKeys));
        }
        Turn turn = turns.start(message.strip(), virtualKey);
        workers.execute(() -> run(turn));
        return turn.view();
    }

    private void run(Turn turn) {
        try {
            String answer = chat.prompt()
                    .user(turn.message())
                    .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, CONVERSATION_ID))
                    .toolContext(Map.of(CodeModeToolCallbacks.VIRTUAL_KEY, turn.virtualKey(),
                            CodeModeToolCallbacks.PARENT_REQUEST_ID, turn.id()))
                    .call()
                    .content();
            estimate(turn, answer == null ? "" : answer);
            turn.answered(answer == null ? "" : answer);
        } catch (RuntimeException e) {
            LOG.warn("turn {} failed", turn.id(), e);
            toolCalls.take(turn.id());
            turn.failed(reason(e));
        }
    }

    /** What standard tool calling would have sent for this turn's tool calls; the conversation carries on. */
    private void estimate(Turn turn, String answer) {
        try {
            auditLog.flush();
        } catch (RuntimeException e) {
            LOG.warn("audit log did not flush; the estimate of turn {} may miss calls", turn.id(), e);
        }
        List<StandardToolCallingEstimate.Call> calls = toolCalls.take(turn.id()).stream()
                .map(StandardToolCallingEstimate.Call::of).toList();
        List<MetaToolSpec> definitions = codeMode.directSpecs(CallContext.of(turn.virtualKey()));
        synchronized (standard) {
            turn.estimated(standard.turn(turn.message(), calls, answer, MetaToolSpec.definitionTokens(definitions),
                    definitions.size()));
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
