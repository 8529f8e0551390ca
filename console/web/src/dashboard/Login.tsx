import { createSignal } from 'solid-js';
import { change, get, message } from '../shared/api';
import { Notice, TextField, useBusy } from '../shared/ui';

export function Login(props: { onLoggedIn: (email: string) => void }) {
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [error, setError] = createSignal('');
  const { busy, run } = useBusy();

  async function submit(event: Event) {
    event.preventDefault();
    setError('');
    await run(async () => {
      try {
        await change('POST', '/api/login', { email: email(), password: password() });
        await get('/api/session'); // a new session id after login: fetch its CSRF token
        props.onLoggedIn(email());
      } catch (e) {
        setError(message(e));
      }
    });
  }

  return (
    <main class="auth-page">
      <h1>Sluice Dashboard</h1>
      <form onSubmit={submit}>
        <TextField label="Email" type="email" autocomplete="username" value={email()} onInput={setEmail} required />
        <TextField label="Password" type="password" autocomplete="current-password" value={password()} onInput={setPassword} required />
        <Notice error={error()} />
        <button type="submit" disabled={busy()}>
          Log in
        </button>
      </form>
    </main>
  );
}
