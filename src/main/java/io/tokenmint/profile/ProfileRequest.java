package io.tokenmint.profile;

/** A token request a profile has read and validated: its own typed values, and what the policy must decide. */
public interface ProfileRequest {

	AccessRequest access();

}
