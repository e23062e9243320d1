package io.vnetif.netty;

import io.netty.channel.IoHandle;

/** The unsafe of a vnetif channel, as {@link VnetifIoHandler} takes it: told to look when its stream changed. */
interface VnetifIoHandle extends IoHandle {
}
