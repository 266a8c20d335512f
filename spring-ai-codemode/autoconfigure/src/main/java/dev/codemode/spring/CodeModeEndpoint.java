package dev.codemode.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.codemode.CodeMode;
import dev.codemode.audit.AuditStats;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.resilience.BreakerState;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code codemode}: the servers of the catalog with their tools (as scripts name
 * them), the circuit breakers, and the audit log's counters. Shows no tool arguments or results.
 */
@Endpoint(id = "codemode")
public class CodeModeEndpoint {

    private final CodeMode codeMode;

    public CodeModeEndpoint(CodeMode codeMode) {
        this.codeMode = codeMode;
    }

    /** The whole report. */
    public record Report(List<Server> servers, Map<String, BreakerState> breakers, AuditStats audit) {
    }

    /** One server: its tools, or the error that made it unavailable. */
    public record Server(String name, boolean available, String error, List<String> tools) {
    }

    @ReadOperation
    public Report codemode() {
        List<Server> servers = codeMode.view().servers().stream().map(CodeModeEndpoint::server).toList();
        Map<String, BreakerState> breakers = new LinkedHashMap<>(codeMode.breakerStates());
        AuditStats audit = codeMode.auditLog().map(log -> log.stats()).orElse(new AuditStats(0, 0, 0, 0));
        return new Report(servers, breakers, audit);
    }

    private static Server server(CatalogServer s) {
        return new Server(s.id(), s.isAvailable(), s.error(), s.tools().stream().map(CatalogTool::toolId).toList());
    }
}
