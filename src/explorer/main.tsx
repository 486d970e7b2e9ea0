import { render } from 'preact';
import { App } from './App.tsx';
import { endpoint } from './client.ts';
import './styles.css';

// GraphiQL is served at the GraphQL endpoint itself.
render(<App graphiqlPath={endpoint()} />, document.getElementById('app')!);
