package io.tokenmint.profile;

import java.time.Duration;
import java.util.List;

/**
 * A token request for Document Engine that passed validation. Absent optional values are {@code null};
 * absent {@code permissions} means the caller's default set, absent {@code collaborationRules} means no
 * restriction and an empty list means none at all.
 */
public record InstantRequest(String documentId, String layer, String userId, PermissionSet permissions,
		String creatorName, String group, List<CollaborationRule> collaborationRules, String password,
		Duration expiresIn) {

	@Override
	public String toString() {
		return "InstantRequest[documentId=" + documentId + ", layer=" + layer + ", userId=" + userId + ", permissions="
				+ permissions + ", collaborationRules=" + collaborationRules + ", password="
				+ (password == null ? "absent" : "***") + ", expiresIn=" + expiresIn + "]";
	}

	/**
	 * The request as it arrived, before any rule was checked.
	 * @param permissions {@code "all"}, a list, or whatever JSON value the caller sent
	 * @param expiresIn seconds
	 */
	public record Raw(String documentId, String layer, String userId, Object permissions, String creatorName,
			String group, List<String> collaborationPermissions, String password, Long expiresIn) {

		/** Reads the instant fields, their JSON types checked; whatever else is there stays unread. */
		public static Raw from(RequestFields fields) {
			return new Raw(fields.string("document_id"), fields.string("layer"), fields.string("user_id"), fields.raw("permissions"),
					fields.string("creator_name"), fields.string("group"), fields.strings("collaboration_permissions"),
					fields.string("password"), fields.integer("expires_in"));
		}

		@Override
		public String toString() {
			return "Raw[documentId=" + documentId + ", password=" + (password == null ? "absent" : "***") + "]";
		}

	}

}
