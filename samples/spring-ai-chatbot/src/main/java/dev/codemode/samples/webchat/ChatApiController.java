package dev.codemode.samples.webchat;

import java.util.List;
import java.util.Map;

import dev.codemode.approval.Decider;
import dev.codemode.approval.DecisionResult;
import dev.codemode.audit.JdbcAuditSink;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON API the page's script and the tests use: start a turn and follow it, decide pending
 * approvals, read the audit rows.
 */
@RestController
@RequestMapping("/api")
class ChatApiController {

    /** A message from the page. */
    record NewTurn(String message, String virtualKey) {
    }

    private final ChatService chat;
    private final TurnLog turns;
    private final WebApprovals approvals;
    private final AuditTable audit;

    ChatApiController(ChatService chat, TurnLog turns, WebApprovals approvals, AuditTable audit) {
        this.chat = chat;
        this.turns = turns;
        this.approvals = approvals;
        this.audit = audit;
    }

    @PostMapping("/turns")
    ResponseEntity<Turn.View> send(@RequestBody NewTurn turn) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(chat.send(turn.message(), turn.virtualKey()));
    }

    @GetMapping("/turns")
    List<Turn.View> turns() {
        return turns.views();
    }

    @GetMapping("/turns/{id}")
    ResponseEntity<Turn.View> turn(@PathVariable String id) {
        return ResponseEntity.of(turns.find(id).map(Turn::view));
    }

    /** The approvals panel: requests waiting (status PENDING), then the latest decided ones. */
    @GetMapping("/approvals")
    List<WebApprovals.Entry> approvals() {
        return approvals.entries();
    }

    @PostMapping("/approvals/{id}/approve")
    ResponseEntity<Map<String, Object>> approve(@PathVariable String id, HttpServletRequest request) {
        return decided(id, approvals.approve(id, decider(request)), "approved");
    }

    @PostMapping("/approvals/{id}/deny")
    ResponseEntity<Map<String, Object>> deny(@PathVariable String id, HttpServletRequest request) {
        return decided(id, approvals.deny(id, decider(request)), "denied");
    }

    /** Who clicked: the signed-in user when there is one, else the remote address (the authoriser checks it). */
    static Decider decider(HttpServletRequest request) {
        java.security.Principal user = request.getUserPrincipal();
        return new Decider(user != null ? user.getName() : request.getRemoteAddr(), user, null,
                request.getRemoteAddr());
    }

    private static ResponseEntity<Map<String, Object>> decided(String id, DecisionResult result, String decision) {
        return switch (result.outcome()) {
            case DECIDED -> ResponseEntity.ok(Map.of("id", id, "decision", decision));
            case NOT_ALLOWED -> ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("id", id,
                    "error", result.message()));
            default -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("id", id,
                    "error", "no script waits for approval under " + id + " (decided already, or timed out)"));
        };
    }

    @GetMapping("/audit")
    List<JdbcAuditSink.ToolCallRow> audit(@RequestParam(defaultValue = "100") int limit) {
        return audit.recent(Math.min(Math.max(limit, 1), 1000));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
