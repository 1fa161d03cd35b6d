import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;

/**
 * The raw signing rate, no HTTP: the same jjwt call tokenmint makes, with the same key from the same
 * keystore and the same provider (ACCP unless told otherwise), on N threads for D seconds.
 * Usage: java -cp <libs> RawSigningRate.java keystore password alias alg threads seconds accp|jdk
 */
public class RawSigningRate {

	public static void main(String[] args) throws Exception {
		Path keystore = Path.of(args[0]);
		char[] password = args[1].toCharArray();
		String alias = args[2];
		String alg = args[3];
		int threads = Integer.parseInt(args[4]);
		int seconds = Integer.parseInt(args[5]);
		Provider provider = args[6].equals("accp") ? com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE : null;
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, password);
		}
		PrivateKey stored = (PrivateKey) store.getKey(alias, password);
		// As tokenmint does: the key is translated into the provider's own form once, not per signature.
		PrivateKey key = provider == null ? stored
				: (PrivateKey) java.security.KeyFactory.getInstance(stored.getAlgorithm(), provider).translateKey(stored);
		SignatureAlgorithm algorithm = (SignatureAlgorithm) Jwts.SIG.get().get(alg);
		Map<String, Object> claims = Map.of("document_id", "doc-1", "permissions", java.util.List.of("read-document", "write", "download"),
				"user_id", "u");
		AtomicBoolean measuring = new AtomicBoolean();
		AtomicBoolean stop = new AtomicBoolean();
		LongAdder signed = new LongAdder();
		Thread[] workers = new Thread[threads];
		for (int t = 0; t < threads; t++) {
			workers[t] = new Thread(() -> {
				while (!stop.get()) {
					Instant now = Instant.now();
					var builder = Jwts.builder().header().keyId(alias).type("JWT").and().id(UUID.randomUUID().toString())
						.issuedAt(Date.from(now)).notBefore(Date.from(now)).expiration(Date.from(now.plusSeconds(3600))).claims(claims);
					if (provider != null) {
						builder.provider(provider);
					}
					builder.signWith(key, algorithm).compact();
					if (measuring.get()) {
						signed.increment();
					}
				}
			});
			workers[t].start();
		}
		Thread.sleep(3000);
		measuring.set(true);
		long start = System.nanoTime();
		Thread.sleep(seconds * 1000L);
		measuring.set(false);
		double elapsed = (System.nanoTime() - start) / 1e9;
		stop.set(true);
		for (Thread worker : workers) {
			worker.join();
		}
		System.out.printf("%.0f%n", signed.sum() / elapsed);
	}

}
