// Seed 003's two chat pages (app/dashboard/chats/new/page.tsx and
// app/dashboard/chats/[id]/page.tsx), run by
// tests/node/seed-clients-browser.test.mjs. Copied from the seed; adapted:
// imports added (React, the component, and the harness's stand-ins for
// DashboardLayout and the router's useParams), and handleChatCreated also
// reports the id to the harness (reportChatCreated) so the test can see
// what onChatCreated received.
import { useState } from 'react';
import { RealTimeChat } from './RealTimeChat';
import { DashboardLayout, reportChatCreated, useParams } from './app-shims';

// ---- seed: app/dashboard/chats/new/page.tsx ----
export default function NewChatPage() {
  const [chatId, setChatId] = useState<string | undefined>();

  const handleChatCreated = (newChatId: string) => {
    setChatId(newChatId);
    reportChatCreated(newChatId); // adapted: the harness shows the id
  };

  return (
    <DashboardLayout>
      <div className="h-[600px]">
        <RealTimeChat 
          chatId={chatId} 
          onChatCreated={handleChatCreated}
        />
      </div>
    </DashboardLayout>
  );
}

// ---- seed: app/dashboard/chats/[id]/page.tsx ----
export function ChatDetailPage() {
  const params = useParams();
  const chatId = params.id as string;

  return (
    <DashboardLayout>
      <div className="h-[600px]">
        <RealTimeChat chatId={chatId} />
      </div>
    </DashboardLayout>
  );
}
