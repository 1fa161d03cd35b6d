package io.tokenmint.signing;

import java.security.GeneralSecurityException;
import java.security.Provider;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;

import org.jspecify.annotations.Nullable;

/**
 * The key that wraps what tokenmint keeps of its own in the database: the private parts of managed keys and
 * the credentials of consumers. It stays in the keystore or on the PKCS#11 token; the database alone opens
 * nothing. AES key wrap with padding (RFC 5649, the JCA's {@code AES/KWP/NoPadding}) carries its own integrity
 * check, so a wrong key-encryption key is refused rather than producing garbage.
 */
public final class KeyEncryptionKey {

	private static final String TRANSFORMATION = "AES/KWP/NoPadding";

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
			return cipher(Cipher.ENCRYPT_MODE).doFinal(plain);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot wrap with key-encryption key '" + alias + "': " + ex.getClass().getSimpleName(), ex);
		}
	}

	/** Unwraps what {@link #seal} wrapped; fails when it was wrapped under another key or altered. */
	public byte[] open(byte[] sealed) throws WrongKeyEncryptionKey {
		try {
			return cipher(Cipher.DECRYPT_MODE).doFinal(sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new WrongKeyEncryptionKey(alias);
		}
	}

	private Cipher cipher(int mode) throws GeneralSecurityException {
		Cipher cipher = provider == null ? Cipher.getInstance(TRANSFORMATION) : Cipher.getInstance(TRANSFORMATION, provider);
		cipher.init(mode, key);
		return cipher;
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
