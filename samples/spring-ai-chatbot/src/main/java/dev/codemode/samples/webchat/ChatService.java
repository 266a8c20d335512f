package dev.codemode.samples.webchat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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
 * context.
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

    ChatService(ChatClient chat, TurnLog turns, CodeModeProperties codeMode) {
        this.chat = chat;
        this.turns = turns;
        this.virtualKeys = codeMode.virtualKeys().keySet().stream().sorted().toList();
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
            turn.answered(answer == null ? "" : answer);
        } catch (RuntimeException e) {
            LOG.warn("turn {} failed", turn.id(), e);
            turn.failed(reason(e));
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
