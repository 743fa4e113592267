import { redirect } from 'next/navigation';

// The product has no public landing page: people go straight to their campaigns.
export default function Home() {
  redirect('/campaigns');
}
