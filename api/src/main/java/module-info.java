/**
 * The vocabulary shared by the client library's API and the switch's engine: {@link io.vnetif.api}.
 */
module io.vnetif.api {
    exports io.vnetif.api;
}
