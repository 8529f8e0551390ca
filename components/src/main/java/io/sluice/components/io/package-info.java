/**
 * Local I/O and utility components of the config dialect: the {@code generate}, {@code stdin} and
 * {@code file} inputs; the {@code stdout}, {@code drop}, {@code file}, {@code reject},
 * {@code drop_on}, {@code fallback}, {@code retry}, {@code switch} and {@code broker} outputs; the
 * {@code memory} cache, the {@code local} rate limit, and (in {@code scanner}) the scanners that
 * split byte streams into messages.
 *
 * <p>Delivery rules shared by these components:
 * <ul>
 *   <li>Inputs go through {@link io.sluice.core.connect.ReplayingInput}: a rejected batch is
 *       delivered again from its original form until accepted ({@code auto_replay_nacks: true}),
 *       or its rejection is passed to the source; the end of input waits until everything read
 *       was settled.</li>
 *   <li>Composite outputs drive their children through {@link io.sluice.components.io.Child}: each
 *       child gets its own copy of a batch, no more concurrent writes than its
 *       {@code maxInFlight()}, a connection before its first write, and a reconnect (not a
 *       failure) when it reports {@link io.sluice.core.component.NotConnectedException}.</li>
 * </ul>
 */
package io.sluice.components.io;
