import { createSignal } from 'solid-js';
import { change, message } from '../shared/api';
import { Notice, TextField, useBusy } from '../shared/ui';

/** Sign up or log in; both end signed in. */
export function Account(props: { mode: 'login' | 'signup'; onDone: () => void }) {
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [error, setError] = createSignal('');
  const { busy, run } = useBusy();
  const signup = props.mode === 'signup';

  async function submit(event: Event) {
    event.preventDefault();
    setError('');
    await run(async () => {
      try {
        await change('POST', signup ? '/api/signup' : '/api/login', { email: email(), password: password() });
        props.onDone();
      } catch (e) {
        setError(message(e));
      }
    });
  }

  return (
    <div class="auth-page">
      <h1>{signup ? 'Create a developer account' : 'Log in'}</h1>
      <form onSubmit={submit}>
        <TextField label="Email" type="email" autocomplete="username" value={email()} onInput={setEmail} required />
        <TextField label="Password" type="password" autocomplete={signup ? 'new-password' : 'current-password'} value={password()}
                   onInput={setPassword} required hint={signup ? 'At least 10 characters.' : undefined} />
        <Notice error={error()} />
        <button type="submit" disabled={busy()}>
          {signup ? 'Sign up' : 'Log in'}
        </button>
      </form>
      <p>{signup ? <>Have an account? <a href="/login">Log in</a></> : <>New here? <a href="/signup">Sign up</a></>}</p>
    </div>
  );
}
