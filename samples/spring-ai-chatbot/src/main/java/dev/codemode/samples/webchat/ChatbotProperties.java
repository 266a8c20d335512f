package dev.codemode.samples.webchat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample under {@code chatbot}.
 *
 * @param approvalTimeout how long a script waits on the approvals panel before it is denied
 * @param defaultKey      the virtual key selected when the page opens
 * @param auditRows       tool calls shown on the audit page, newest first
 * @param costUnit        what the tool costs ({@code spring.ai.codemode.tool-costs}) are in, written before
 *                        each cost on the audit page: {@code $} for the sample's US dollar prices
 * @param demoServers     the demo MCP servers this application starts in-process
 */
@ConfigurationProperties("chatbot")
public record ChatbotProperties(
        @DefaultValue("120s") Duration approvalTimeout,
        @DefaultValue("support") String defaultKey,
        @DefaultValue("100") int auditRows,
        @DefaultValue("$") String costUnit,
        @DefaultValue DemoServersProperties demoServers) {

    public ChatbotProperties {
        if (approvalTimeout.isNegative() || approvalTimeout.isZero()) {
            throw new IllegalArgumentException("chatbot.approval-timeout must be positive, got " + approvalTimeout);
        }
    }

    /**
     * @param start start crm, orders, billing and email over streamable HTTP in this JVM; {@code false}
     *              when they run elsewhere (the MCP connections name their URLs)
     * @param port  their port; 0 picks a free one. The connection URLs read it as
     *              {@code ${chatbot.demo-servers.port}}
     */
    public record DemoServersProperties(@DefaultValue("true") boolean start, @DefaultValue("0") int port) {
    }
}
