package io.tokenmint.document;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Document Engine's permission names (nutrient.io/guides/document-engine/viewer/client-authentication).
 * The catch-all {@code "all"} is not one of them: {@link PermissionSet#ALL} stands for it.
 */
public enum Permission {

	/** Open the document and read annotations. */
	READ_DOCUMENT("read-document"),
	/** Create, update and delete annotations and comments; without it the layer is read-only. */
	WRITE("write"),
	/** Download the PDF; Instant on iOS and Android needs it. */
	DOWNLOAD("download"),
	/** Fetch the cover image only. */
	COVER_IMAGE("cover-image");

	private final String claimName;

	Permission(String claimName) {
		this.claimName = claimName;
	}

	public String claimName() {
		return claimName;
	}

	/** Every permission's claim name, in declaration order. */
	public static List<String> claimNames() {
		return Arrays.stream(values()).map(Permission::claimName).toList();
	}

	public static Optional<Permission> fromClaimName(String name) {
		for (Permission permission : values()) {
			if (permission.claimName.equals(name)) {
				return Optional.of(permission);
			}
		}
		return Optional.empty();
	}

}
