import { render } from 'solid-js/web';
import '../shared/styles.css';
import { useCsrfCookie } from '../shared/api';
import { interceptLinks } from '../shared/router';
import { Portal } from './Portal';

useCsrfCookie('sluice_portal_xsrf');
const root = document.getElementById('app')!;
interceptLinks(root);
render(() => <Portal />, root);
