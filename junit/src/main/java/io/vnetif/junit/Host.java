package io.vnetif.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code NetStack} parameter or field: a host of its own on the test's LAN, a TCP/IP stack on an
 * interface attached for the test (recorded for the failure report like any {@link Nic}), closed after
 * the test. Needs {@code io.vnetif:vnetif-netstack} on the test class path. An unannotated
 * {@code NetStack} parameter is a bare {@code @Host}.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Host {
    /**
     * The address and prefix length, e.g. {@code "198.19.0.5/24"}; empty: the next of {@code 198.18.0.1/24},
     * {@code 198.18.0.2/24}, … in the order the test's hosts are made (give your own outside that range).
     */
    String address() default "";

    /** Network to attach to. */
    String network() default "default";

    /** Label in listings, captures and the report; empty: the parameter or field name. */
    String label() default "";
}
