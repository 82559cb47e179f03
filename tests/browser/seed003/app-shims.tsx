// Stand-ins for the parts of the StudyMate app that seed 003's
// RealTimeChat.tsx and chat pages use but the seed does not show: the
// signed-in user (useAuth), toast notifications, the dashboard layout, the
// router's useParams, and a hook through which the harness reports
// onChatCreated. Each is the smallest thing that behaves as the seed's
// code expects. Part of the browser harness of
// tests/node/seed-clients-browser.test.mjs.
import { createContext, useContext, type ReactNode } from 'react';

export interface User { id: string }

const AuthContext = createContext<{ user: User | null }>({ user: null });

/** Provides the signed-in user; `value` must keep its identity across renders. */
export function AuthProvider({ value, children }: { value: { user: User | null }; children: ReactNode }) {
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The app's useAuth(): { user }. */
export function useAuth() {
  return useContext(AuthContext);
}

/** The app's toast: errors are shown in #toasts. */
export const toast = {
  error(message: string) {
    const el = document.createElement('div');
    el.className = 'toast error';
    el.textContent = message;
    document.getElementById('toasts')!.appendChild(el);
  },
};

/** The dashboard frame around a page. */
export function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <div className="dashboard">
      <header>StudyMate</header>
      <main>{children}</main>
    </div>
  );
}

/** The router's useParams(): `id` comes from the page's ?id= query. */
export function useParams(): Record<string, string | string[]> {
  return { id: new URLSearchParams(window.location.search).get('id') ?? '' };
}

/** Shows, for the test, the chat id a page's onChatCreated received. */
export function reportChatCreated(chatId: string) {
  const el = document.createElement('div');
  el.className = 'chat-created';
  el.textContent = chatId;
  document.getElementById('created')!.appendChild(el);
}
