package io.vnetif.examples;

import io.vnetif.api.MacAddress;
import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.client.Vnetif;
import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * A station for multi-JVM tests: {@code SAY text} on stdin broadcasts "NAME: text" and prints
 * {@code SAID text} once sent; every broadcast heard is printed as {@code HEARD NAME: text}. Argument: its name. Switch address as in {@link Connect}.
 */
public final class Chatter {
    private Chatter() {
    }

    public static void main(String[] args) throws Exception {
        ExampleMain.run("Chatter", "Usage: java -cp vnetif-examples.jar io.vnetif.examples.Chatter NAME", args,
                a -> a.length == 1 ? null : "want one argument, the station's NAME", Chatter::chat);
    }

    private static void chat(String[] args) throws Exception {
        String name = args[0];
        try (VirtualSwitch lan = VirtualSwitch.fromEnvironment();
             Vnetif nic = lan.attach(NicOptions.builder().network("chat").label(name).build())) {
            nic.listen(frame -> System.out.println("HEARD " + Connect.payload(frame)));
            System.out.println("READY " + nic.mac());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("SAY ")) {
                    nic.write(Connect.frame(MacAddress.BROADCAST, nic.mac(), name + ": " + line.substring(4)));
                    System.out.println("SAID " + line.substring(4)); // the frame has left: tests can order on it
                }
            }
        }
    }
}
