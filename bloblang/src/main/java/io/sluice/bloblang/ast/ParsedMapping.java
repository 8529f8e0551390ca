package io.sluice.bloblang.ast;

import java.util.List;

/** A parsed mapping: its statements and named maps (including imported ones). */
public record ParsedMapping(List<Stmt> statements, List<Stmt.MapDefinition> maps) {
}
