package io.sluice.core.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Client certificates chosen by the server's host name (upstream mutual TLS): the first entry whose pattern matches the
 * host (and port) being connected to; {@code *} is the default. No certificate is sent to other hosts.
 */
public final class HostClientCertificates extends X509ExtendedKeyManager {

    /** The chain and key sent to hosts matching {@code host}. */
    public record Entry(HostPattern host, List<X509Certificate> chain, PrivateKey key) {
    }

    private final List<Entry> entries;

    public HostClientCertificates(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes, engine == null ? null : engine.getPeerHost(), engine == null ? -1 : engine.getPeerPort());
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes, socket == null || socket.getInetAddress() == null ? null : socket.getInetAddress().getHostName(),
                socket == null ? -1 : socket.getPort());
    }

    private String choose(String[] keyTypes, String host, int port) {
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.host().matches(host, port) && List.of(keyTypes).contains(entry.key().getAlgorithm())) {
                return Integer.toString(i);
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return entry(alias) == null ? null : entry(alias).chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return entry(alias) == null ? null : entry(alias).key();
    }

    private Entry entry(String alias) {
        try {
            int index = Integer.parseInt(alias);
            return index >= 0 && index < entries.size() ? entries.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return IntStream.range(0, entries.size())
                .filter(i -> entries.get(i).key().getAlgorithm().equals(keyType))
                .mapToObj(Integer::toString).toArray(String[]::new);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
