/**
 * The Document Engine vocabulary shared by profiles, clients and grants: permissions, collaboration rules and document patterns.
 */
@NullMarked
package io.tokenmint.document;

import org.jspecify.annotations.NullMarked;
