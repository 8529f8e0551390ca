package io.sluice.bloblang.lib;

/** Maturity of a function or method; hidden ones are callable but left out of documentation. */
public enum Status {
    STABLE, BETA, EXPERIMENTAL, DEPRECATED, HIDDEN
}
