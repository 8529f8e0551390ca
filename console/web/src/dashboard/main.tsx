import { render } from 'solid-js/web';
import '../shared/styles.css';
import { useCsrfCookie } from '../shared/api';
import { interceptLinks } from '../shared/router';
import { App } from './App';

useCsrfCookie('sluice_dashboard_xsrf');
const root = document.getElementById('app')!;
interceptLinks(root);
render(() => <App />, root);
