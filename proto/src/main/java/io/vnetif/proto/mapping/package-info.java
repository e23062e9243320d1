/**
 * Between the control API's messages and the engine's types: impairment specs both ways, unsigned fields read
 * as the proto declares them, the switch-wide counters by name.
 *
 * <p>Threading: static functions without state.
 */
package io.vnetif.proto.mapping;
