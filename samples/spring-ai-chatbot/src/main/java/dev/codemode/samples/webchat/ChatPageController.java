package dev.codemode.samples.webchat;

import java.util.List;

import dev.codemode.audit.JdbcAuditSink;
import dev.codemode.samples.replay.DemoTask;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The server-rendered pages: the chat page and the audit page. The chat page's script reloads the
 * turns and approvals fragments while a turn runs.
 */
@Controller
class ChatPageController {

    private final ChatService chat;
    private final TurnLog turns;
    private final WebApprovals approvals;
    private final AuditTable audit;
    private final ChatModels.Choice model;
    private final ChatbotProperties properties;

    ChatPageController(ChatService chat, TurnLog turns, WebApprovals approvals, AuditTable audit,
            ChatModels.Choice model, ChatbotProperties properties) {
        this.chat = chat;
        this.turns = turns;
        this.approvals = approvals;
        this.audit = audit;
        this.model = model;
        this.properties = properties;
    }

    @GetMapping("/")
    String chat(Model page) {
        page.addAttribute("modelLabel", model.label());
        page.addAttribute("virtualKeys", chat.virtualKeys());
        page.addAttribute("defaultKey", properties.defaultKey());
        page.addAttribute("suggestion", DemoTask.PROMPT);
        page.addAttribute("approvalTimeout", WebApprovals.remaining(properties.approvalTimeout()));
        page.addAttribute("turns", turns.views());
        page.addAttribute("approvals", approvals.entries());
        return "chat";
    }

    @GetMapping("/fragments/turns")
    String turnsFragment(Model page) {
        page.addAttribute("turns", turns.views());
        return "chat :: turns";
    }

    @GetMapping("/fragments/approvals")
    String approvalsFragment(Model page) {
        page.addAttribute("approvals", approvals.entries());
        return "chat :: approvals";
    }

    @GetMapping("/audit")
    String audit(Model page) {
        List<JdbcAuditSink.ToolCallRow> rows = audit.recent(properties.auditRows());
        page.addAttribute("rows", audit.pageRows(rows));
        page.addAttribute("totalCost", audit.cost(AuditTable.totalCost(rows)));
        return "audit";
    }
}
