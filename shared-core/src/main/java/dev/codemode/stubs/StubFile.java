package dev.codemode.stubs;

import dev.codemode.catalog.CatalogTool;
import java.util.List;
import java.util.Objects;

/**
 * One virtual stub file: what {@code listToolFiles} lists and {@code readToolFile} reads. The file is
 * described without its text so that listing a large view stays cheap; {@link StubGenerator#render}
 * writes the text when the model asks for it.
 *
 * @param path     the file name the model passes back, e.g. {@code servers/crm.pyi}
 * @param serverId identifier of the server global the tools belong to
 * @param tools    the tools the file declares, in the order their server listed them
 * @param summary  one short line on what the file holds, without a trailing period
 */
public record StubFile(String path, String serverId, List<CatalogTool> tools, String summary) {

    public StubFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(serverId, "serverId");
        tools = List.copyOf(tools);
        summary = summary == null ? "" : summary;
    }
}
