package io.vnetif.netty;

import static io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE;
import static io.netty.channel.ChannelOption.IP_TOS;
import static io.netty.channel.ChannelOption.SO_KEEPALIVE;
import static io.netty.channel.ChannelOption.SO_LINGER;
import static io.netty.channel.ChannelOption.SO_RCVBUF;
import static io.netty.channel.ChannelOption.SO_REUSEADDR;
import static io.netty.channel.ChannelOption.SO_SNDBUF;
import static io.netty.channel.ChannelOption.TCP_NODELAY;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannelConfig;
import io.vnetif.netstack.TcpStream;
import java.util.Map;

/**
 * The options of a {@link VnetifSocketChannel}: kept here and handed to its stream when it has one. The buffers
 * are the stack's (its TcpOptions): SO_SNDBUF and SO_RCVBUF report them once connected (0 before) and setting
 * them changes nothing, as the stack's java.net sockets do; IP_TOS and SO_REUSEADDR are kept and change nothing.
 * Any thread.
 */
final class VnetifSocketChannelConfig extends DefaultChannelConfig implements SocketChannelConfig {
    private final VnetifSocketChannel channel;
    private volatile boolean tcpNoDelay = true; // as Netty's NIO channel, where the platform allows
    private volatile boolean keepAlive;
    private volatile int soLinger = -1;
    private volatile boolean allowHalfClosure;
    private volatile int trafficClass;
    private volatile boolean reuseAddress;

    VnetifSocketChannelConfig(VnetifSocketChannel channel) {
        super(channel);
        this.channel = channel;
    }

    /** Hands the options to {@code stream}: a connection just opened or accepted. */
    void applyTo(TcpStream stream) {
        stream.setNoDelay(tcpNoDelay);
        stream.setKeepAlive(keepAlive);
    }

    @Override
    protected void autoReadCleared() {
        channel.clearReadPending();
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(), SO_RCVBUF, SO_SNDBUF, TCP_NODELAY, SO_KEEPALIVE, SO_REUSEADDR, SO_LINGER, IP_TOS,
                ALLOW_HALF_CLOSURE);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        if (option == SO_RCVBUF) {
            return (T) Integer.valueOf(getReceiveBufferSize());
        } else if (option == SO_SNDBUF) {
            return (T) Integer.valueOf(getSendBufferSize());
        } else if (option == TCP_NODELAY) {
            return (T) Boolean.valueOf(isTcpNoDelay());
        } else if (option == SO_KEEPALIVE) {
            return (T) Boolean.valueOf(isKeepAlive());
        } else if (option == SO_REUSEADDR) {
            return (T) Boolean.valueOf(isReuseAddress());
        } else if (option == SO_LINGER) {
            return (T) Integer.valueOf(getSoLinger());
        } else if (option == IP_TOS) {
            return (T) Integer.valueOf(getTrafficClass());
        } else if (option == ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(isAllowHalfClosure());
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == SO_SNDBUF) {
            setSendBufferSize((Integer) value);
        } else if (option == TCP_NODELAY) {
            setTcpNoDelay((Boolean) value);
        } else if (option == SO_KEEPALIVE) {
            setKeepAlive((Boolean) value);
        } else if (option == SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == SO_LINGER) {
            setSoLinger((Integer) value);
        } else if (option == IP_TOS) {
            setTrafficClass((Integer) value);
        } else if (option == ALLOW_HALF_CLOSURE) {
            setAllowHalfClosure((Boolean) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    @Override
    public boolean isTcpNoDelay() {
        return tcpNoDelay;
    }

    @Override
    public VnetifSocketChannelConfig setTcpNoDelay(boolean on) {
        tcpNoDelay = on;
        TcpStream s = channel.stream();
        if (s != null) {
            s.setNoDelay(on);
        }
        return this;
    }

    @Override
    public int getSoLinger() {
        return soLinger;
    }

    /** Seconds; 0: close resets the connection; negative: close sends a FIN after the data (it never waits). */
    @Override
    public VnetifSocketChannelConfig setSoLinger(int seconds) {
        soLinger = seconds;
        return this;
    }

    @Override
    public int getSendBufferSize() {
        TcpStream s = channel.stream();
        return s == null ? 0 : s.sendBufferSize();
    }

    @Override
    public VnetifSocketChannelConfig setSendBufferSize(int bytes) {
        return this; // the stack's setting (NetStack.Builder.tcp)
    }

    @Override
    public int getReceiveBufferSize() {
        TcpStream s = channel.stream();
        return s == null ? 0 : s.receiveBufferSize();
    }

    @Override
    public VnetifSocketChannelConfig setReceiveBufferSize(int bytes) {
        return this; // the stack's setting (NetStack.Builder.tcp)
    }

    @Override
    public boolean isKeepAlive() {
        return keepAlive;
    }

    @Override
    public VnetifSocketChannelConfig setKeepAlive(boolean on) {
        keepAlive = on;
        TcpStream s = channel.stream();
        if (s != null) {
            s.setKeepAlive(on);
        }
        return this;
    }

    @Override
    public int getTrafficClass() {
        return trafficClass;
    }

    @Override
    public VnetifSocketChannelConfig setTrafficClass(int value) {
        trafficClass = value;
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return reuseAddress;
    }

    @Override
    public VnetifSocketChannelConfig setReuseAddress(boolean on) {
        reuseAddress = on;
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this;
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public VnetifSocketChannelConfig setAllowHalfClosure(boolean on) {
        allowHalfClosure = on;
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setConnectTimeoutMillis(int millis) {
        super.setConnectTimeoutMillis(millis);
        return this;
    }

    @Override
    @Deprecated
    public VnetifSocketChannelConfig setMaxMessagesPerRead(int n) {
        super.setMaxMessagesPerRead(n);
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setWriteSpinCount(int n) {
        super.setWriteSpinCount(n);
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setAutoRead(boolean on) {
        super.setAutoRead(on);
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setAutoClose(boolean on) {
        super.setAutoClose(on);
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    public VnetifSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark marks) {
        super.setWriteBufferWaterMark(marks);
        return this;
    }
}
