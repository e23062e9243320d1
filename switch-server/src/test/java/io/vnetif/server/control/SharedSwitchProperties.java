package io.vnetif.server.control;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property tests against one {@link SharedSwitch} per test class. Tries undo what they create, so after
 * each property the switch must hold only its fixture — and still switch frames: no try may leave it
 * broken.
 */
public abstract class SharedSwitchProperties {
    protected static SharedSwitch shared;

    @BeforeContainer
    static void startSwitch() throws Exception {
        shared = SharedSwitch.start();
    }

    @AfterContainer
    static void stopSwitch() {
        shared.close();
    }

    @AfterProperty
    void theSwitchHoldsOnlyItsFixtureAndStillSwitchesFrames() throws Exception {
        shared.assertHoldsOnlyTheFixture();
        shared.assertSwitchesFrames();
    }

    static ControlRequestArbitraries requests() {
        return new ControlRequestArbitraries(shared);
    }
}
