package io.tokenmint.signing;

import java.security.GeneralSecurityException;
import java.security.Provider;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;

import org.jspecify.annotations.Nullable;

/**
 * The key that wraps what tokenmint keeps of its own in the database: the private parts of managed keys and
 * the credentials of consumers. It stays in the keystore or on the PKCS#11 token; the database alone opens
 * nothing. In software it is AES key wrap with padding (RFC 5649, the JCA's {@code AES/KWP/NoPadding}); on a
 * PKCS#11 token, whose SunPKCS11 has no key wrap mode on Java 17, AES-GCM on the token with a random 96-bit
 * IV stored before the ciphertext. Both carry an integrity check, so a wrong key-encryption key is refused
 * rather than producing garbage.
 */
public final class KeyEncryptionKey {

	private static final String KEY_WRAP = "AES/KWP/NoPadding";

	private static final String GCM = "AES/GCM/NoPadding";

	private static final int IV_BYTES = 12;

	private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

	private final String alias;

	private final SecretKey key;

	private final @Nullable Provider provider;

	KeyEncryptionKey(String alias, SecretKey key, @Nullable Provider provider) {
		this.alias = alias;
		this.key = key;
		this.provider = provider;
	}

	public String alias() {
		return alias;
	}

	/** Wraps a secret for storage. */
	public byte[] seal(byte[] plain) {
		try {
			if (provider == null) {
				Cipher cipher = Cipher.getInstance(KEY_WRAP);
				cipher.init(Cipher.ENCRYPT_MODE, key);
				return cipher.doFinal(plain);
			}
			byte[] iv = new byte[IV_BYTES];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance(GCM, provider);
			cipher.init(Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(plain);
			byte[] out = new byte[IV_BYTES + sealed.length];
			System.arraycopy(iv, 0, out, 0, IV_BYTES);
			System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
			return out;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot wrap with key-encryption key '" + alias + "': " + ex.getClass().getSimpleName(), ex);
		}
	}

	/** Unwraps what {@link #seal} wrapped; fails when it was wrapped under another key or altered. */
	public byte[] open(byte[] sealed) throws WrongKeyEncryptionKey {
		try {
			if (provider == null) {
				Cipher cipher = Cipher.getInstance(KEY_WRAP);
				cipher.init(Cipher.DECRYPT_MODE, key);
				return cipher.doFinal(sealed);
			}
			if (sealed.length <= IV_BYTES) {
				throw new WrongKeyEncryptionKey(alias);
			}
			Cipher cipher = Cipher.getInstance(GCM, provider);
			cipher.init(Cipher.DECRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, sealed, 0, IV_BYTES));
			return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new WrongKeyEncryptionKey(alias);
		}
	}

	@Override
	public String toString() {
		return "KeyEncryptionKey[" + alias + "]";
	}

	/** The stored value was not wrapped under this key-encryption key, or was altered since. */
	public static final class WrongKeyEncryptionKey extends GeneralSecurityException {

		WrongKeyEncryptionKey(String alias) {
			super("not wrapped under key-encryption key '" + alias + "' (a different key, or altered data)");
		}

	}

}
