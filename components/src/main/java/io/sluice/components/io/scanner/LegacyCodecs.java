package io.sluice.components.io.scanner;

import io.sluice.core.connect.Scanner;

/** Offers {@link ReaderCodecs} to connectors through core's {@link Scanner.Codecs} contract. */
public final class LegacyCodecs implements Scanner.Codecs {
    @Override
    public Scanner parse(String codec, int maxBuffer) {
        return ReaderCodecs.parse(codec, maxBuffer);
    }
}
