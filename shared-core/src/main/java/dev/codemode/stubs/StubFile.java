package dev.codemode.stubs;

import dev.codemode.catalog.CatalogTool;
import java.util.List;

/**
 * One virtual stub file.
 *
 * @param path     {@code servers/<server>.pyi} or {@code servers/<server>/<tool>.pyi}
 * @param serverId the server's identifier
 * @param tools    the tools the file declares
 * @param summary  one short line for listings
 */
public record StubFile(String path, String serverId, List<CatalogTool> tools, String summary) {

    public StubFile {
        tools = List.copyOf(tools);
    }
}
