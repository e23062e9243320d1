package io.vnetif.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a {@code Vnetif} parameter or field to be attached to the test's LAN. */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Nic {
    /** Network to attach to. */
    String network() default "default";

    /** Label in listings and captures; empty: the parameter or field name. */
    String label() default "";

    /** Requested MAC; empty: assigned. */
    String mac() default "";

    /** MTU. */
    int mtu() default 1500;
}
