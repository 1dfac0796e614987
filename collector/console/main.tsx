/** The merchant console's way in: mounts the app into index.html's #console. */
import { render } from 'preact';
import { App } from './App';
import { loadSession } from './session';
import './console.css';

render(<App />, document.getElementById('console')!);
void loadSession();
