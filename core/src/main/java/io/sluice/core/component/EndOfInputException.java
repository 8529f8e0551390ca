package io.sluice.core.component;

/** The input has no more messages and never will (e.g. end of file, generate count reached). */
public class EndOfInputException extends Exception {
    public EndOfInputException() {
        super("end of input", null, false, false);
    }
}
