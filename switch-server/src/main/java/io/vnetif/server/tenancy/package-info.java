/**
 * Tenancy: which tokens a switch accepts and what each may do — {@link io.vnetif.server.tenancy.Role}s on
 * the networks its {@link io.vnetif.server.tenancy.Grant} covers — and who makes the call in progress
 * ({@link io.vnetif.server.tenancy.Caller}), whose per-client limits count what it creates. Knows nothing of
 * ports or sockets: the control plane asks it.
 */
package io.vnetif.server.tenancy;
