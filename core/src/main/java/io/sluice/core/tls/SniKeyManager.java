package io.sluice.core.tls;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Server certificates picked per handshake by the host name the client asks for (SNI): the first certificate that
 * serves that name and suits the key type the handshake needs, else the first one of that key type. The set can be
 * {@link #replace}d at any time: new handshakes use the new certificates, established connections keep theirs, so a
 * renewed certificate file is picked up without dropping anybody.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {

    private record Generation(int number, List<ServerCertificate> certificates) {
    }

    private final AtomicInteger generations = new AtomicInteger();
    /** Aliases handed out for the current and the previous generation, so a handshake spanning a replace completes. */
    private final Map<String, ServerCertificate> byAlias = new ConcurrentHashMap<>();
    private volatile Generation current;

    public SniKeyManager(List<ServerCertificate> certificates) {
        replace(certificates);
    }

    /** Serves {@code certificates} from the next handshake on. */
    public void replace(List<ServerCertificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("at least one server certificate is needed");
        }
        int number = generations.incrementAndGet();
        for (int i = 0; i < certificates.size(); i++) {
            byAlias.put(alias(number, i), certificates.get(i));
        }
        byAlias.keySet().removeIf(alias -> generationOf(alias) < number - 1);
        current = new Generation(number, List.copyOf(certificates));
    }

    public List<ServerCertificate> certificates() {
        return current.certificates();
    }

    /** The certificate a handshake for {@code host} would get, for any key type; for tests and diagnostics. */
    public ServerCertificate forHost(String host) {
        return current.certificates().stream().filter(c -> c.serves(host)).findFirst().orElse(current.certificates().getFirst());
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, requestedHost(engine == null ? null : engine.getHandshakeSession()));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, null);
    }

    private String choose(String keyType, String host) {
        Generation generation = current;
        List<ServerCertificate> all = generation.certificates();
        int fallback = -1;
        for (int i = 0; i < all.size(); i++) {
            ServerCertificate certificate = all.get(i);
            if (!certificate.key().getAlgorithm().equals(keyType)) {
                continue;
            }
            if (host != null && certificate.serves(host)) {
                return alias(generation.number(), i);
            }
            if (fallback < 0) {
                fallback = i;
            }
        }
        return fallback < 0 ? null : alias(generation.number(), fallback);
    }

    private static String requestedHost(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName hostName) {
                    return hostName.getAsciiName();
                }
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServerCertificate certificate = byAlias.get(alias);
        return certificate == null ? null : certificate.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServerCertificate certificate = byAlias.get(alias);
        return certificate == null ? null : certificate.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        Generation generation = current;
        return IntStream.range(0, generation.certificates().size())
                .filter(i -> generation.certificates().get(i).key().getAlgorithm().equals(keyType))
                .mapToObj(i -> alias(generation.number(), i)).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private static String alias(int generation, int index) {
        return "sni-" + generation + "-" + index;
    }

    private static int generationOf(String alias) {
        return Integer.parseInt(alias.substring(4, alias.lastIndexOf('-')));
    }
}
