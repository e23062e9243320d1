/**
 * What protects the control port on both ends: PEM certificates and keys, the access token, the
 * credentials of a client's channel, and the failure details that name a TLS problem plainly.
 *
 * <p>Threading: immutable values and static functions, safe on any thread.
 */
package io.vnetif.proto.security;
