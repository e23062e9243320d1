/**
 * Helpers for vnetif's own tests (test scope, never for users): what a test does when the machine cannot
 * run it.
 *
 * <p>Threading: static functions, safe on any thread.
 */
package io.vnetif.testing;
