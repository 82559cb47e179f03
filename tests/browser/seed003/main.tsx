// The seed 003 harness entry: mounts the seed's new-chat page (?page=new,
// the default) or existing-chat page (?page=chat&id=CHAT) for the user
// ?user=ID (default user_123), as a real React app bundled by esbuild at
// test time. Driven by tests/node/seed-clients-browser.test.mjs.
import { createRoot } from 'react-dom/client';
import NewChatPage, { ChatDetailPage } from './pages';
import { AuthProvider } from './app-shims';

const params = new URLSearchParams(window.location.search);
const auth = { user: { id: params.get('user') ?? 'user_123' } };

createRoot(document.getElementById('root')!).render(
  <AuthProvider value={auth}>
    {params.get('page') === 'chat' ? <ChatDetailPage /> : <NewChatPage />}
  </AuthProvider>,
);
